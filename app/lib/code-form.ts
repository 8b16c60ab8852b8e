/** What the answer to a wrong, expired or throttled confirmation code carries back to its form. */
export type CodeState = { error: "codeInvalid" | "codeExpired" | "campaignClosed" | "throttled"; code: string; retryAfterMinutes?: number };
