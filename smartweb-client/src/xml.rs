//! XML reading and writing primitives used by the generated code.
