import Testing
import Analysis
