// Tensor's users (NN, LLDif, the tools and tests) see the kit's one random stream, parallel loop
// and `require` from KitSupport through Tensor, as they did when these lived here.
@_exported import KitSupport
