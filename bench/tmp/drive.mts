import { drive } from '../load.js'
import { buildScenarios } from '../scenarios.js'
const port = Number(process.argv[2]); const which = Number(process.argv[3] ?? 1)
const s = buildScenarios()[which]
console.log(s.name, await drive(port, s, 10, 6))
