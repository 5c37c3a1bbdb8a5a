// Install step: saves an initialized embedded cluster so a first start skips initdb (src/db/pglite-base.ts).
import { baseClusterFile, saveBaseCluster } from '../src/db/pglite-base.js'

const started = performance.now()
try {
  if (await saveBaseCluster()) console.log(`embedded database base cluster saved in ${Math.round(performance.now() - started)} ms: ${baseClusterFile}`)
} catch (error) {
  // Not fatal: without the file a new data directory runs initdb, which is only slower.
  console.warn(`could not save the embedded database base cluster (first starts will run initdb): ${(error as Error).message}`)
}
