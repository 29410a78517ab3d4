import { ACTIVATION_CREATED } from '../server/activation/activation-schemas.js'
import { VALIDATION_MESSAGES as MSG } from '../server/activation/validation-messages.js'
import { ERRORS } from '../server/http/errors.js'

/**
 * The mock's catalogue as the Laravel reference reads it (catalogue.json in its temp dir):
 * the envelopes by name, and each validation message under the Laravel rule that fails with it,
 * with Laravel's placeholders (:attribute, :max) where the mock's builders take the field and limit.
 */
export function catalogueForReference (): unknown {
  const attribute = ':attribute'
  return {
    validation: {
      required: MSG.required(attribute),
      string: MSG.string(attribute),
      max: { string: MSG.maxLength(attribute, ':max' as unknown as number) },
      // The E.164 rule is a regex in the reference.
      regex: MSG.phoneNumber(attribute),
      integer: MSG.integer(attribute),
      url: MSG.url(attribute),
      // `file` and `mimes` both answer with the documented type message, as the mock does for a string.
      file: MSG.certificateType(attribute),
      mimes: MSG.certificateType(attribute),
      uploaded: MSG.uploadFailed(attribute),
    },
    errors: ERRORS,
    success: ACTIVATION_CREATED,
  }
}
