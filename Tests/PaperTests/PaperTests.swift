import Testing
import Paper
