import { runServeCommand } from './serve-command.js'
import { reportFailure } from './cli-errors.js'

// `npm start`: the server alone, configured by the environment (and any flags).
runServeCommand(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => process.exit(reportFailure(error)))
