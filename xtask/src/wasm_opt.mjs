// Optimises wasm modules in place, as `wasm-opt` with the flags in
// xtask/src/wasm_opt.rs does, loading binaryen once for all of them.
//
//   node wasm_opt.mjs BINARYEN_INDEX_JS [--debuginfo] MODULE...
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [binaryenJs, ...rest] = process.argv.slice(2);
const debugInfo = rest[0] === '--debuginfo';
const modules = debugInfo ? rest.slice(1) : rest;
const { default: binaryen } = await import(pathToFileURL(binaryenJs).href);

// -Oz: optimise level 2, shrink level 2.
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
// wasm-opt generates and optimises Stack IR when it optimises; without
// these two the output differs from its own.
binaryen.setGenerateStackIR(true);
binaryen.setOptimizeStackIR(true);
// -g: keep the names section.
binaryen.setDebugInfo(debugInfo);

for (const file of modules) {
  const module = binaryen.readBinary(fs.readFileSync(file));
  // --enable-bulk-memory --enable-nontrapping-float-to-int
  module.setFeatures(
    module.getFeatures() | binaryen.Features.BulkMemory | binaryen.Features.NontrappingFPToInt,
  );
  module.optimize();
  fs.writeFileSync(file, module.emitBinary());
  module.dispose();
}
