import Foundation

/// Writing to standard error without buffering (progress lines).
enum FileHandleOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
