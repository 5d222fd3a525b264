import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this code base, named by a URL relative to the caller (`new URL('./x.worker.js',
 * import.meta.url)`). Run from the TypeScript sources, the thread loads the module through tsx (the main thread's loader
 * hooks do not reach worker threads on Node 20); compiled, it loads the JavaScript file directly.
 */
export function startModuleWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  const source = new URL(moduleUrl.href.replace(/\.js$/, '.ts'));
  if (!source.pathname.endsWith('.ts') || !import.meta.url.endsWith('.ts')) return new Worker(moduleUrl, options);
  const bootstrap = `import { tsImport } from ${JSON.stringify(tsxApi())}; await tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(source.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/** Where tsx's ESM API is (`tsx/esm/api`, import condition). */
function tsxApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(manifest), 'dist/esm/api/index.mjs')).href;
}
