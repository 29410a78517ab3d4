#!/usr/bin/env node
import { runCli } from './cli.js'

// The one entry point: the `kaleyra-mock` command. `npm run build` bundles it into dist/bundle/mock.cjs,
// which dist/bundle/cli.cjs loads (scripts/bundle.ts). `npm start` is `cli.cjs serve`, the image's
// HEALTHCHECK is `cli.cjs healthcheck`, and `npm run dev` runs this file with tsx.
runCli(process.argv.slice(2)).then((code) => process.exit(code))
