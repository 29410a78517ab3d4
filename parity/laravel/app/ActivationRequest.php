<?php

namespace Parity;

use Illuminate\Contracts\Validation\Validator;
use Illuminate\Foundation\Http\FormRequest;

/**
 * The form request of POST /v1/{sid}/whatsapp/activation: the rules the mock implements, in the
 * documentation's field order. Messages come from the catalogue the parity suite hands over
 * (Catalogue), never from this file.
 */
class ActivationRequest extends FormRequest
{
    /** Fields in the documented order: the first failing one answers. */
    public const FIELDS = ['display_name', 'wa_number', 'business_id', 'business_name', 'business_certificate', 'incoming_url'];

    public function authorize()
    {
        return true;
    }

    public function rules()
    {
        return [
            'display_name' => 'required|string|max:255',
            // E.164 by shape; "valid number" (libphonenumber) is listed in parity/known-differences.json.
            'wa_number' => ['required', 'regex:/^\+[1-9][0-9]{1,14}$/'],
            'business_id' => 'required|integer',
            'business_name' => 'required|string|max:255',
            'business_certificate' => 'required|file|mimes:jpeg,jpg,pdf,png',
            'incoming_url' => 'nullable|url',
        ];
    }

    /** Laravel would write "business id": the vendor's messages keep the field's own name. */
    public function attributes()
    {
        return array_combine(self::FIELDS, self::FIELDS);
    }

    protected function failedValidation(Validator $validator)
    {
        throw new ValidationFailed($validator);
    }
}
