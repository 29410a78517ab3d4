#!/usr/bin/env node
import { runCli } from './cli.js'

// The `kaleyra-mock` command unbundled (dist/server/cli/bin.js), for debugging with source maps; the
// package's bin is the bundle's launcher, dist/bundle/cli.cjs (scripts/bundle.ts).
runCli(process.argv.slice(2)).then((code) => process.exit(code))
