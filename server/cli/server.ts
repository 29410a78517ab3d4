import { runCli } from './cli.js'

// `npm start`: the serve command, configured by the environment and any flags (`npm start -- --port 9000`).
runCli(['serve', ...process.argv.slice(2)]).then((code) => process.exit(code))
