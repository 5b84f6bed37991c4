// The FaceData module: see shared/ARCHITECTURE.md for what it owns.
