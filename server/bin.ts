#!/usr/bin/env node
import { runCli } from './cli.js'

// The `kaleyra-mock` bin as bundled (dist/bundle/cli.js, scripts/bundle.ts): cli.ts's own check for
// being the program compares file names, which a bundle's shared chunk would not match.
runCli(process.argv.slice(2)).then((code) => process.exit(code))
