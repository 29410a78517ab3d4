import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

interface Step { name?: string, run?: string, uses?: string, if?: string, env?: Record<string, string> }
interface Workflow { jobs: Record<string, { env?: Record<string, string>, steps: Step[] }> }

export interface StepOutcome { name: string, code: number | null, output: string }

export interface WorkflowRun {
  /** The job's working directory, as actions/checkout would have left it. */
  workspace: string
  /** Overrides of the job's `env` (a free port instead of 8080, a name unique to the test run). */
  env?: Record<string, string>
  /** Another script for the named steps ('' leaves one out); every name must be a step's. */
  replace?: Record<string, string>
  job?: string
}

/** One step's script in bash as GitHub Actions runs it; resolves at its exit, even if it left a process running in the background. */
function runStep (script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('exit', (code) => { setTimeout(() => resolve({ code, output }), 50) })
  })
}

/** KEY=VALUE lines a step appended to $GITHUB_ENV. */
function readGithubEnv (file: string): Record<string, string> {
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
}

/**
 * Runs a workflow file's `run` steps as GitHub Actions does: each in `bash --noprofile --norc -eo pipefail`,
 * in the workspace, with the job's and the step's `env` and what earlier steps wrote to $GITHUB_ENV; after
 * a failed step only `if: always()` and `if: failure()` steps run. `uses` steps are left out: the caller
 * prepares the workspace. npm's own variables are not passed on, as a runner has none.
 */
export async function runWorkflowSteps (file: string, run: WorkflowRun): Promise<StepOutcome[]> {
  const workflow = parse(readFileSync(file, 'utf8')) as Workflow
  const job = workflow.jobs[run.job ?? 'test']
  const names = job.steps.map((step) => step.name)
  for (const name of Object.keys(run.replace ?? {})) if (!names.includes(name)) throw new Error(`${file} has no step named "${name}"`)
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].toLowerCase().startsWith('npm_')))
  const scratch = mkdtempSync(join(tmpdir(), 'workflow-env-'))
  const githubEnv = join(scratch, 'github-env')
  writeFileSync(githubEnv, '')
  const outcomes: StepOutcome[] = []
  try {
    let failed = false
    for (const step of job.steps) {
      if (step.run === undefined) continue
      const name = step.name ?? step.run
      const condition = (step.if ?? 'success()').replace(/\s/g, '')
      if (!(condition === 'always()' || (condition === 'failure()' ? failed : !failed && condition === 'success()'))) continue
      const script = run.replace?.[name] ?? step.run
      if (script === '') continue
      const env = { ...inherited, ...job.env, ...run.env, ...step.env, ...readGithubEnv(githubEnv), GITHUB_ENV: githubEnv, GITHUB_WORKSPACE: run.workspace }
      const { code, output } = await runStep(script, run.workspace, env)
      outcomes.push({ name, code, output })
      if (code !== 0) failed = true
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return outcomes
}
