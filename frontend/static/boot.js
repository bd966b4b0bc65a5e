// Loads the WebAssembly app. `cargo xtask` fills in the content-hashed file names.
// The module path must be given explicitly: the generated glue has no default (see TOOLCHAIN.md).
import init from '/pkg/{{legeting.js}}';

init({ module_or_path: '/pkg/{{legeting_bg.wasm}}' });
