import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/** Whether a bundle's compiled code came from its cache: `rejected` when V8 refused it (another Node) or it was made for other source. */
export type CodeCache = 'used' | 'rejected' | 'absent';

export interface LoadedBundle<T> {
  exports: T;
  codeCache: CodeCache;
  /** Saves the code V8 has compiled so far, beside the bundle, for the next process to start from. */
  saveCodeCache(): void;
}

/**
 * How a bundle is written for loadBundle: a CommonJS module inside the function Node's loader would wrap
 * it in (scripts/build.mjs writes it so, as esbuild's banner and footer). Wrapped at build time, the 2 MB
 * text is compiled as it was read; wrapped here, V8 would copy it whole into one string first (~6 ms on
 * this machine, measured: a fresh 2 MB of memory per copy).
 */
export const BUNDLE_HEAD = '(function (exports, require, module, __filename, __dirname) {';
export const BUNDLE_TAIL = '})';

/**
 * Runs a CommonJS bundle written as `BUNDLE_HEAD`…`BUNDLE_TAIL`, as `require` would run the module inside,
 * but compiled from V8's code cache beside it (`<file>.cache`) when there is one: a process then neither
 * parses the bundle nor compiles the functions the cache was saved after running. Without a cache, or
 * with one V8 refuses (made by another version of Node or with other V8 flags), the bundle is compiled
 * from source as usual. The bundle may not import() what it left outside: compiled from a cache, such an
 * import() throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING (scripts/build.mjs makes each a require()).
 */
export function loadBundle<T>(file: string): LoadedBundle<T> {
  const cacheFile = `${file}.cache`;
  const source = readFileSync(file);
  const digest = createHash('sha256').update(source).digest();
  // V8 checks a cache against its source's length only: a cache made for another bundle of the same
  // length would run that bundle's code. So the cache starts with the digest of the source it was made from.
  const saved = readIfThere(cacheFile);
  const fresh = saved !== undefined && saved.subarray(0, digest.length).equals(digest);
  const text = source.toString('utf8');
  if (!text.startsWith(BUNDLE_HEAD))
    throw new Error(
      `${file} is not written as a bundle to load: it must start with ${BUNDLE_HEAD}`,
    );
  if ((process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) mapStacksThrough(file);
  const script = new Script(text, {
    filename: file,
    cachedData: fresh ? saved.subarray(digest.length) : undefined,
  });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
  );
  return {
    exports: module.exports,
    codeCache:
      saved === undefined ? 'absent' : !fresh || script.cachedDataRejected ? 'rejected' : 'used',
    saveCodeCache: () =>
      writeFileSync(cacheFile, Buffer.concat([digest, script.createCachedData()])),
  };
}

/**
 * With --enable-source-maps, Node maps a stack's frames through the source maps of the modules it loaded
 * itself, and a script compiled here is not one of them. So Node's CommonJS loader is given a module of
 * the bundle's name holding only the comment that names its map: Node then keeps that map for the
 * bundle's frames. Stacks stay unmapped if that fails (a Node that loads modules otherwise).
 */
function mapStacksThrough(file: string): void {
  const map = `${file}.map`;
  if (!existsSync(map)) return;
  try {
    const holder = new Module(file) as Module & {
      _compile(content: string, filename: string): unknown;
    };
    holder.filename = file;
    holder._compile(`//# sourceMappingURL=${path.basename(map)}\n`, file);
  } catch {
    // Frames keep the bundle's positions.
  }
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
