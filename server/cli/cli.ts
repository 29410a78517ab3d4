import { ADMIN_PREFIX, ADMIN_ROUTE_GROUPS, adminRouteText } from '../http/admin-route-table.js'
import { optionsHelp } from './config-options.js'
import { trapSignals } from './signals.js'

interface Command {
  summary: string
  usage: string
  /** Resolves with the process's exit code. */
  run (argv: string[]): Promise<number>
}

/**
 * The subcommands; `kaleyra-mock` with no subcommand (or only options) serves. Each loads its
 * module when run, so `--help` and a mistyped command answer at once.
 */
const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'serve the mock until SIGTERM/SIGINT (the default)',
    usage: 'kaleyra-mock [serve] [options]',
    run: async (argv) => {
      // Caught before the server's modules load, so an early SIGTERM still ends in a clean exit.
      const signals = trapSignals()
      return (await import('./serve-command.js')).runServeCommand(argv, undefined, signals)
    },
  },
  verify: {
    summary: 'verify pact files (or a Pact Broker\'s pacts) against a fresh in-process mock',
    usage: 'kaleyra-mock verify <pact file or folder or URL>... | --broker-url URL --provider NAME [options]',
    run: async (argv) => (await import('./verify-command.js')).runVerifyCommand(argv),
  },
  wait: {
    summary: 'wait until a mock started in the background is healthy (exit 1 at the time-out)',
    usage: 'kaleyra-mock wait [--url http://127.0.0.1:8080] [--timeout 30s]',
    run: async (argv) => (await import('./wait-command.js')).runWaitCommand(argv),
  },
  report: {
    summary: 'print what the client did wrong, from a running mock\'s journal (exit 1 with --fail-on)',
    usage: 'kaleyra-mock report [--url http://127.0.0.1:8080] [--namespace name] [--fail-on warning|error]',
    run: async (argv) => (await import('./report-command.js')).runReportCommand(argv),
  },
  healthcheck: {
    summary: `exit 0 when this host's mock (on PORT) answers ${adminRouteText('health')} with 200 within 2 s, else 1: the image's HEALTHCHECK`,
    usage: 'kaleyra-mock healthcheck',
    run: async (argv) => {
      if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`Usage: kaleyra-mock healthcheck\n\nAsks ${adminRouteText('health')} on 127.0.0.1 at the configured port (PORT, --port): exit 0 on 200 within 2 s, else 1.\n`)
        return 0
      }
      return (await import('./health-probe.js')).probeHealth()
    },
  },
  help: {
    summary: 'this text; `help <command>` for a command\'s own',
    usage: 'kaleyra-mock help [command]',
    run: async ([name]) => name === undefined || name === 'serve' || name === 'help' ? runCli(['--help']) : runCli([name, '--help']),
  },
}

/** The admin API's route groups, one line each, from the route table. */
function adminHelp (): string {
  const groups = Object.entries(ADMIN_ROUTE_GROUPS).map(([group, { label = group, help }]) => [label, help] as const)
  const width = Math.max(...groups.map(([label]) => label.length))
  return `Admin API under ${ADMIN_PREFIX} (see the README):\n${groups.map(([label, help]) => `  ${label.padEnd(width)}  ${help}`).join('\n')}`
}

function helpText (): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2
  const commands = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}${command.summary}\n    ${command.usage}`).join('\n')
  return `kaleyra-mock: a faithful mock of Kaleyra's WhatsApp Registration API (POST /v1/:sid/whatsapp/activation)

Usage: kaleyra-mock [command] [options]

Commands:
${commands}

Options (each also read from its environment variable; a flag wins):
${optionsHelp()}
  --help, -h     show this help
  --version, -v  print the version

${adminHelp()}
`
}

/** Picks the subcommand and runs it; resolves with the exit code. */
export async function runCli (argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  const named = first !== undefined && !first.startsWith('-')
  const command = named ? COMMANDS[first] : COMMANDS.serve
  if (command === undefined) {
    console.error(`kaleyra-mock: unknown command "${first}". Run kaleyra-mock --help for the commands.`)
    return 2
  }
  // Other subcommands read their own --help.
  if (command === COMMANDS.serve && (argv.includes('--help') || argv.includes('-h'))) {
    process.stdout.write(helpText())
    return 0
  }
  if (command === COMMANDS.serve && (argv.includes('--version') || argv.includes('-v'))) {
    process.stdout.write(`${(await import('../platform/package-info.js')).packageVersion()}\n`)
    return 0
  }
  try {
    return await command.run(named ? rest : argv)
  } catch (error) {
    return (await import('./cli-errors.js')).reportFailure(error)
  }
}
