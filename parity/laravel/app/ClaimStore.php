<?php

namespace Parity;

/**
 * The once-only claim per SID, shared by every PHP-FPM worker: one file per SID (named by the
 * SID's SHA-256, never by the client's text), created with O_EXCL, which is atomic.
 */
class ClaimStore
{
    public function __construct(private string $dir)
    {
    }

    /** The claim's sequence number (1, 2, …) when this call made it; null when the SID already had one. */
    public function claim(string $sid): ?int
    {
        $handle = @fopen($this->dir . '/' . hash('sha256', $sid), 'x');
        if ($handle === false) {
            return null;
        }
        fclose($handle);
        $counter = fopen($this->dir . '/.counter', 'c+');
        flock($counter, LOCK_EX);
        $next = (int) stream_get_contents($counter) + 1;
        ftruncate($counter, 0);
        rewind($counter);
        fwrite($counter, (string) $next);
        flock($counter, LOCK_UN);
        fclose($counter);
        return $next;
    }
}
