/**
 * Compiles what runs in production to plain JavaScript: one bundle per process (each subgraph, the
 * gateway, the start command) under dist/, run by `node` alone (no TypeScript loader in the processes).
 * A bundle holds our code and its dependencies, so a process loads one file instead of thousands.
 *
 * Run by `pnpm start` before it starts the processes; it rebuilds only when a source is newer than the
 * bundles (esbuild's metafile lists every input of the last build).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { repoRoot, subgraphs } from '@cq/schema';
import { build, type Metafile, type Plugin } from 'esbuild';

const outdir = resolve(repoRoot, 'dist');
const metafilePath = resolve(outdir, 'meta.json');

const entryPoints = {
  start: 'scripts/start.ts',
  gateway: 'gateway/src/index.ts',
  ...Object.fromEntries(subgraphs.map(({ name }) => [name, `subgraphs/${name}/src/index.ts`])),
};

/**
 * Our modules find files beside their source (migrations, schema.graphql, the seed's CSV, the supergraph)
 * through `import.meta.url`. In a bundle that URL is the bundle's; this rewrites it in our own sources to
 * the source file's URL, relative to the bundle, so the same paths hold and dist/ can move with the repo.
 */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const fromBundle = relative(outdir, args.path).split('\\').join('/');
      const contents = readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

/** True when dist/ holds bundles built from the current sources (no input changed since). */
function upToDate(): boolean {
  if (!existsSync(metafilePath)) return false;
  const built = statSync(metafilePath).mtimeMs;
  const meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const inputs = Object.keys(meta.inputs).map((input) => resolve(repoRoot, input));
  const assets = [...inputs, ...subgraphs.flatMap(({ name }) => [`subgraphs/${name}/schema.graphql`])].map((file) =>
    resolve(repoRoot, file),
  );
  return assets.every((file) => existsSync(file) && statSync(file).mtimeMs < built);
}

export async function buildBundles({ force = false } = {}): Promise<'built' | 'up to date'> {
  if (!force && upToDate()) return 'up to date';
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // Less to parse at every start; stack traces map back through the source maps.
    minify: true,
    metafile: true,
    logLevel: 'warning',
    // CommonJS dependencies in an ES module bundle still call require and read __dirname.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { dirname as __pathDirname } from 'node:path';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __fileURLToPath(import.meta.url);',
        'const __dirname = __pathDirname(__filename);',
      ].join('\n'),
    },
    plugins: [sourceUrls],
    // The gateway bundles its offline explorer with esbuild at start (gateway/src/explorer-graphiql.ts):
    // esbuild runs its own binary, so it is loaded from node_modules, not bundled.
    external: ['esbuild'],
  });
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(dirname(metafilePath), { recursive: true });
  writeFileSync(metafilePath, JSON.stringify(result.metafile));
  return 'built';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const outcome = await buildBundles({ force: process.argv.includes('--force') });
  console.log(`Bundles in dist/: ${outcome} (${((Date.now() - started) / 1000).toFixed(1)} s).`);
}
