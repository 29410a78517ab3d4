import { ACTIVATION_CREATED } from '../server/activation/activation-schemas.js'
import { RULES } from '../server/activation/activation-rules.js'
import { ERRORS } from '../server/http/errors.js'

/**
 * The mock's catalogue as the Laravel reference reads it (catalogue.json in its temp dir):
 * the envelopes by name, and each validation message under the Laravel rule that fails with it,
 * with Laravel's placeholders (:attribute, :max), as the mock's rule table writes them.
 */
export function catalogueForReference (): unknown {
  return {
    validation: {
      required: RULES.required.message,
      string: RULES.string.message,
      max: { string: RULES.maxLength.message },
      // The E.164 rule is a regex in the reference.
      regex: RULES.phoneNumber.message,
      integer: RULES.integer.message,
      url: RULES.url.message,
      // `file` and `mimes` both answer with the documented type message, as the mock does for a string.
      file: RULES.certificateType.message,
      mimes: RULES.certificateType.message,
      uploaded: RULES.uploadFailed.message,
    },
    errors: ERRORS,
    success: ACTIVATION_CREATED,
  }
}
