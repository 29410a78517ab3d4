/**
 * Messages of the E413 validation error. `required` and `certificateType` are documented;
 * the rest are inferred in Laravel's wording (the documented ones use it).
 */
export const VALIDATION_MESSAGES = {
  required: (field: string) => `${field} field is required and cannot be empty.`,
  string: (field: string) => `The ${field} must be a string.`,
  maxLength: (field: string, max: number) => `The ${field} must not be greater than ${max} characters.`,
  phoneNumber: (field: string) => `The ${field} must be a valid phone number in E.164 format.`,
  integer: (field: string) => `The ${field} must be an integer.`,
  url: (field: string) => `The ${field} must be a valid URL.`,
  certificateType: (field: string) => `The ${field} must be a file of type: jpeg,jpg,pdf,png.`,
  uploadFailed: (field: string) => `The ${field} failed to upload.`,
} as const
