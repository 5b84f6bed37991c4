extension Dictionary {
    /// The value at `key`, or an error naming what is missing (`what`), instead of a crash.
    public func required(_ key: Key, _ what: @autoclosure () -> String) throws -> Value {
        guard let value = self[key] else { throw ChapterError.data("missing \(what())") }
        return value
    }
}

extension Array {
    /// The first element, or an error naming what is missing.
    public func requiredFirst(_ what: @autoclosure () -> String) throws -> Element {
        guard let value = first else { throw ChapterError.data("no \(what())") }
        return value
    }
}
