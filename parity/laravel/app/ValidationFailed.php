<?php

namespace Parity;

use Illuminate\Contracts\Validation\Validator;
use RuntimeException;

/** A failed ActivationRequest: the first failed rule of the first failing field, as the vendor answers. */
class ValidationFailed extends RuntimeException
{
    public string $parameter;
    public string $text;

    public function __construct(Validator $validator)
    {
        parent::__construct('validation failed');
        $messages = $validator->errors()->messages();
        $this->parameter = (string) array_key_first($messages);
        $this->text = $messages[$this->parameter][0];
    }
}
