/**
 * Laravel 8's `url` rule (Illuminate\Validation\Concerns\ValidatesAttributes::validateUrl, derived from
 * Symfony's UrlValidator), checked in one pass instead of by its pattern, whose nested quantifiers
 * PCRE survives only by giving up at its backtracking limit. The parity suite (parity/) holds this
 * to Laravel itself.
 */

/** The schemes the pattern lists, as it lists them (case-insensitive). */
const SCHEMES: ReadonlySet<string> = new Set([
  'aaa aaas about acap acct acd acr adiumxtra adt afp afs aim amss android appdata apt ark attachment aw barion',
  'beshare bitcoin bitcoincash blob bolo browserext calculator callto cap cast casts chrome chrome-extension cid',
  'coap coap+tcp coap+ws coaps coaps+tcp coaps+ws com-eventbrite-attendee content conti crid cvs dab data dav',
  'diaspora dict did dis dlna-playcontainer dlna-playsingle dns dntp dpp drm drop dtn dvb ed2k elsi example',
  'facetime fax feed feedready file filesystem finger first-run-pen-experience fish fm ftp fuchsia-pkg geo gg',
  'git gizmoproject go gopher graph gtalk h323 ham hcap hcp http https hxxp hxxps hydrazone iax icap icon im',
  'imap info iotdisco ipn ipp ipps irc irc6 ircs iris iris.beep iris.lwz iris.xpc iris.xpcs isostore itms jabber',
  'jar jms keyparc lastfm ldap ldaps leaptofrogans lorawan lvlt magnet mailserver mailto maps market message mid',
  'mms modem mongodb moz ms-access ms-browser-extension ms-calculator ms-drive-to ms-enrollment ms-excel',
  'ms-eyecontrolspeech ms-gamebarservices ms-gamingoverlay ms-getoffice ms-help ms-infopath ms-inputapp',
  'ms-lockscreencomponent-config ms-media-stream-id ms-mixedrealitycapture ms-mobileplans ms-officeapp ms-people',
  'ms-project ms-powerpoint ms-publisher ms-restoretabcompanion ms-screenclip ms-screensketch ms-search',
  'ms-search-repair ms-secondary-screen-controller ms-secondary-screen-setup ms-settings',
  'ms-settings-airplanemode ms-settings-bluetooth ms-settings-camera ms-settings-cellular',
  'ms-settings-cloudstorage ms-settings-connectabledevices ms-settings-displays-topology',
  'ms-settings-emailandaccounts ms-settings-language ms-settings-location ms-settings-lock',
  'ms-settings-nfctransactions ms-settings-notifications ms-settings-power ms-settings-privacy',
  'ms-settings-proximity ms-settings-screenrotation ms-settings-wifi ms-settings-workplace ms-spd ms-sttoverlay',
  'ms-transit-to ms-useractivityset ms-virtualtouchpad ms-visio ms-walk-to ms-whiteboard ms-whiteboard-cmd',
  'ms-word msnim msrp msrps mss mtqp mumble mupdate mvn news nfs ni nih nntp notes ocf oid onenote onenote-cmd',
  'opaquelocktoken openpgp4fpr pack palm paparazzi payto pkcs11 platform pop pres prospero proxy pwid psyc pttp',
  'qb query redis rediss reload res resource rmi rsync rtmfp rtmp rtsp rtsps rtspu s3 secondlife service session',
  'sftp sgn shttp sieve simpleledger sip sips skype smb sms smtp snews snmp soap.beep soap.beeps soldat spiffe',
  'spotify ssh steam stun stuns submit svn tag teamspeak tel teliaeid telnet tftp tg things thismessage tip',
  'tn3270 tool ts3server turn turns tv udp unreal urn ut2004 v-event vemmi ventrilo videotex vnc view-source',
  'wais webcal wpid ws wss wtai wyciwyg xcon xcon-userid xfire xmlrpc.beep xmlrpc.beeps xmpp xri ymsgr z39.50',
  'z39.50r z39.50s',
].join(' ').split(' '))

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u
const HOST = /^[\p{L}\p{N}\p{S}\-_.]$/u
const USER = /^[_.\p{L}\p{N}-]$/u
const PATH = /^[\p{L}\p{N}\-._~!$&'()*+,;=:@]$/u
const QUERY = /^[\p{L}\p{N}\-._~!$&'[\]()*+,;=:@/?]$/u
const FRAGMENT = /^[\p{L}\p{N}\-._~!$&'()*+,;=:@/?]$/u
const HEX = /^[0-9A-Fa-f]{2}$/
const PORT = /^[0-9]+$/
const IPV6 = /^[0-9a-f:.]+$/i

/** `%` and two hex digits at `at`, or one of the allowed characters: the length taken, 0 for neither. */
function unit (chars: readonly string[], at: number, allowed: RegExp): number {
  const char = chars[at] as string
  if (char === '%') return HEX.test((chars[at + 1] ?? '') + (chars[at + 2] ?? '')) ? 3 : 0
  return allowed.test(char) ? 1 : 0
}

/** Whether chars[from, to) is one or more units of `allowed`. */
function allUnits (chars: readonly string[], from: number, to: number, allowed: RegExp, minimum = 1): boolean {
  if (to - from < minimum) return false
  for (let at = from; at < to;) {
    const taken = unit(chars, at, allowed)
    if (taken === 0 || at + taken > to) return false
    at += taken
  }
  return true
}

/**
 * The domain alternative: host characters throughout, then at its end a letter or digit, or an
 * `xn--` label, each with an optional dot, after at least one character. (Dotted IPv4 addresses
 * are domains to this pattern too.)
 */
function isDomain (host: readonly string[]): boolean {
  if (!host.every((char) => HOST.test(char))) return false
  const end = host[host.length - 1] === '.' ? host.length - 1 : host.length
  if (end >= 2 && LETTER_OR_NUMBER.test(host[end - 1] as string)) return true
  // An xn-- label may end in '-': look for "xn--" inside the last run of letters, digits and dashes.
  let runStart = end
  while (runStart > 0 && (LETTER_OR_NUMBER.test(host[runStart - 1] as string) || host[runStart - 1] === '-')) runStart--
  const lower = host.slice(0, end).join('').toLowerCase()
  for (let at = Math.max(runStart, 1); at + 4 < end; at++) if (lower.startsWith('xn--', at)) return true
  return false
}

/** The IPv6 alternative, inside brackets: what RFC 3986 calls an IPv6address, no zone. */
function isIpv6 (inside: string): boolean {
  if (!IPV6.test(inside)) return false
  const parts = inside.split('::')
  if (parts.length > 2) return false
  const groups = parts.flatMap((part) => part === '' ? [] : part.split(':'))
  const last = groups[groups.length - 1] ?? ''
  const ipv4 = last.includes('.')
  if (ipv4 && !/^((25[0-5]|(1[0-9]|2[0-4]|[1-9])?[0-9])\.){3}(25[0-5]|(1[0-9]|2[0-4]|[1-9])?[0-9])$/.test(last)) return false
  const hexGroups = ipv4 ? groups.slice(0, -1) : groups
  if (!hexGroups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false
  const size = hexGroups.length + (ipv4 ? 2 : 0)
  return parts.length === 2 ? size <= 7 : size === 8
}

/** Laravel 8's `url` rule for a string, in time linear in its length. */
export function isLaravelUrl (value: string): boolean {
  const schemeEnd = value.indexOf('://')
  if (schemeEnd === -1 || !SCHEMES.has(value.slice(0, schemeEnd).toLowerCase())) return false
  // Code points, as PCRE reads the pattern under /u.
  const chars = Array.from(value.slice(schemeEnd + 3))
  let authorityEnd = chars.findIndex((char) => char === '/' || char === '?' || char === '#')
  if (authorityEnd === -1) authorityEnd = chars.length

  // user[:password]@, at most one '@'.
  let hostStart = 0
  const at = chars.indexOf('@')
  if (at !== -1 && at < authorityEnd) {
    if (chars.indexOf('@', at + 1) !== -1 && chars.indexOf('@', at + 1) < authorityEnd) return false
    const colon = chars.indexOf(':')
    const userEnd = colon !== -1 && colon < at ? colon : at
    if (!allUnits(chars, 0, userEnd, USER)) return false
    if (userEnd !== at && !allUnits(chars, userEnd + 1, at, USER)) return false
    hostStart = at + 1
  }

  // host[:port]
  let hostEnd: number
  if (chars[hostStart] === '[') {
    const close = chars.indexOf(']', hostStart)
    if (close === -1 || close >= authorityEnd || !isIpv6(chars.slice(hostStart + 1, close).join(''))) return false
    hostEnd = close + 1
  } else {
    const colon = chars.indexOf(':', hostStart)
    hostEnd = colon !== -1 && colon < authorityEnd ? colon : authorityEnd
    if (!isDomain(chars.slice(hostStart, hostEnd))) return false
  }
  if (hostEnd < authorityEnd && (chars[hostEnd] !== ':' || !PORT.test(chars.slice(hostEnd + 1, authorityEnd).join('')))) return false

  // (/path)* (?query)? (#fragment)?
  let cursor = authorityEnd
  while (chars[cursor] === '/') {
    let end = cursor + 1
    while (end < chars.length && chars[end] !== '/' && chars[end] !== '?' && chars[end] !== '#') end++
    if (!allUnits(chars, cursor + 1, end, PATH, 0)) return false
    cursor = end
  }
  if (chars[cursor] === '?') {
    let end = cursor + 1
    while (end < chars.length && chars[end] !== '#') end++
    if (!allUnits(chars, cursor + 1, end, QUERY, 0)) return false
    cursor = end
  }
  if (chars[cursor] === '#') {
    if (!allUnits(chars, cursor + 1, chars.length, FRAGMENT, 0)) return false
    cursor = chars.length
  }
  return cursor === chars.length
}
