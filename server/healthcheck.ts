#!/usr/bin/env node
import { probeHealth } from './health-probe.js'

// The HEALTHCHECK unbundled (the image runs the bundle's, dist/bundle/healthcheck.cjs).
process.exit(await probeHealth())
