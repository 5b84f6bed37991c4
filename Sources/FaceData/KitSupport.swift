// The data side draws from the kit's one random generator (`SeededRandom`, a keyed view of the
// Philox `RandomStream`) and runs on its one parallel loop (`Parallel`), both in KitSupport, the
// module at the bottom of the graph; FaceData's users see them through FaceData.
@_exported import KitSupport
