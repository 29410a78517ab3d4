/**
 * How PHP files a request variable under its name (main/php_variables.c, php_register_variable_ex):
 * leading spaces go, ' ' and '.' in the base name become '_', `name[]` appends and `name[key]`
 * nests (up to max_input_nesting_level, past which the whole variable is dropped), an unclosed
 * '[' is part of the name, and a NUL byte ends it. `$_POST`, `$_GET` and `$_FILES` are all filled
 * this way, so `display_name[]=A` is an array (not a string) and `display.name` is display_name.
 */

/** PHP's max_input_nesting_level default. */
const MAX_INPUT_NESTING_LEVEL = 64

/** The arrays PHP builds from names (plain objects without a prototype), and each one's next list index. */
const NEXT_INDEX = new WeakMap<object, number>()

export type PhpArray = Record<string, unknown>

export function createPhpArray (): PhpArray {
  const table = Object.create(null) as PhpArray
  NEXT_INDEX.set(table, 0)
  return table
}

export function isPhpArray (value: unknown): value is PhpArray {
  return typeof value === 'object' && value !== null && NEXT_INDEX.has(value)
}

const INTEGER_KEY = /^(0|-?[1-9][0-9]{0,17})$/

/** zend_symtable_update: a key that reads as an integer also moves the next list index past it. */
function update (table: PhpArray, key: string, value: unknown): void {
  table[key] = value
  if (INTEGER_KEY.test(key)) {
    const index = Number(key)
    if (index >= (NEXT_INDEX.get(table) ?? 0)) NEXT_INDEX.set(table, index + 1)
  }
}

function append (table: PhpArray, value: unknown): void {
  const index = NEXT_INDEX.get(table) ?? 0
  table[String(index)] = value
  NEXT_INDEX.set(table, index + 1)
}

function mangleBase (name: string): string {
  let out = ''
  for (const char of name) out += char === ' ' || char === '.' ? '_' : char
  return out
}

/** Files `value` under `rawName` in `target` (a PhpArray) as PHP would. */
export function registerPhpVariable (target: PhpArray, rawName: string, value: unknown, maxNesting = MAX_INPUT_NESTING_LEVEL): void {
  const nul = rawName.indexOf('\0')
  let name = nul === -1 ? rawName : rawName.slice(0, nul)
  let start = 0
  while (name.charCodeAt(start) === 0x20) start++
  if (start > 0) name = name.slice(start)
  const bracket = name.indexOf('[')
  const base = mangleBase(bracket === -1 ? name : name.slice(0, bracket))
  if (base === '') return
  if (bracket === -1) {
    update(target, base, value)
    return
  }

  let table = target
  // The key at this level; null appends ([]).
  let index: string | null = base
  let at = bracket
  for (let level = 1; ; level++) {
    if (level > maxNesting) {
      delete target[base]
      return
    }
    at++
    let next: string | null
    if (name[at] === ']') {
      next = null
    } else {
      const close = name.indexOf(']', at)
      if (close === -1) {
        // Not an index after all: at the first level the '[' and the rest join the name, with
        // ' ', '.' and '[' as '_'; deeper, the rest is dropped and the previous key takes the value.
        if (level === 1) index = `${base}_${name.slice(at).replace(/[ .[]/g, '_')}`
        break
      }
      next = name.slice(at, close)
      at = close
    }
    let child: PhpArray
    const existing = index === null ? undefined : table[index]
    if (isPhpArray(existing)) {
      child = existing
    } else {
      child = createPhpArray()
      if (index === null) append(table, child)
      else update(table, index, child)
    }
    table = child
    index = next
    at++
    if (name[at] !== '[') break
  }
  if (index === null) append(table, value)
  else update(table, index, value)
}
