// Loads the bundled CLI (dist/bin/concord.cjs) with V8's code cache, so a run does not compile
// the same 800 KB again: on a short check, compiling was a fifth of the time. Node 22.1+ does this
// itself (module.enableCompileCache); on Node 20 the bundle is compiled through vm.Script with the
// cached data of an earlier run, kept per user and per Node version. Any problem with the cache
// means a plain require: the cache only ever saves time. CommonJS (bin/package.json), like the
// bin: an ES module entry costs Node's ES loader a few milliseconds more to start.
'use strict';
const { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, enableCompileCache } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE = path.join(__dirname, '../dist/bin/concord.cjs');

/** The CLI's exports: { run, main }. */
function loadCli() {
  if (typeof enableCompileCache === 'function') {
    enableCompileCache();
    return require(BUNDLE);
  }
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return require(BUNDLE);
  try {
    return loadWithCache();
  } catch {
    return require(BUNDLE);
  }
}

module.exports = { loadCli };

function loadWithCache() {
  const source = readFileSync(BUNDLE, 'utf8');
  const st = statSync(BUNDLE);
  const dir = cacheDir();
  // V8 rejects data made by another V8 or for another source; the name only keeps versions apart.
  const file = dir && path.join(dir, `concord-${process.version}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}.cache`);
  const cachedData = file ? readOwn(file) : undefined;
  const wrapper = `(function (exports, require, module, __filename, __dirname, __concordLoaderImport) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: BUNDLE, cachedData });
  const mod = { exports: {} };
  // import() from inside the script: relative to the bundle, by this module's own loader.
  const load = (specifier, base) => import(specifier.startsWith('.') ? new URL(specifier, base).href : specifier);
  script.runInThisContext()(mod.exports, createRequire(BUNDLE), mod, BUNDLE, path.dirname(BUNDLE), load);
  if (file && (!cachedData || script.cachedDataRejected)) {
    // After the run, so the functions it compiled are in the cache too.
    process.once('beforeExit', () => writeCache(file, script));
  }
  return mod.exports;
}

/** A folder of this user's own: another user's files are never run as code. */
function cacheDir() {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(os.tmpdir(), `concord-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function readOwn(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    if (!st.isFile() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeCache(file, script) {
  try {
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // a cache that cannot be written is a slower next run, nothing else
  }
}
