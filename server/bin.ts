#!/usr/bin/env node
import { runCli } from './cli.js'

// The `kaleyra-mock` bin (bundled as dist/bundle/cli.js by scripts/bundle.ts).
runCli(process.argv.slice(2)).then((code) => process.exit(code))
