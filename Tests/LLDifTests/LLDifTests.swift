import Testing
import LLDif
