import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SuccessEnvelopeSchema } from '../activation/activation-schemas.js'
import { ErrorEnvelopeSchema } from '../http/error-envelope.js'

const DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/**
 * The JSON Schemas client teams validate responses with, made from the very schemas the
 * server's types come from, so the published files cannot drift from what it sends.
 */
export function contractSchemas (): Record<string, unknown> {
  return {
    'success-envelope.schema.json': {
      $schema: DIALECT,
      ...SuccessEnvelopeSchema,
      $id: 'success-envelope.schema.json',
      title: 'Kaleyra WhatsApp activation: 200 I102 success envelope',
    },
    'error-envelope.schema.json': {
      $schema: DIALECT,
      ...ErrorEnvelopeSchema,
      $id: 'error-envelope.schema.json',
      title: 'Kaleyra WhatsApp activation: error envelope (4xx/5xx)',
    },
  }
}

export function serializeSchema (schema: unknown): string {
  return JSON.stringify(schema, null, 2) + '\n'
}

export const SCHEMAS_DIR = join(import.meta.dirname, '..', '..', 'contracts', 'schemas')

export async function writeContractSchemas (dir = SCHEMAS_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const written: string[] = []
  for (const [file, schema] of Object.entries(contractSchemas())) {
    await writeFile(join(dir, file), serializeSchema(schema))
    written.push(join(dir, file))
  }
  return written
}

// `npm run schemas`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeContractSchemas().then((files) => console.log(files.map((file) => `wrote ${file}`).join('\n')), (error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
