/**
 * SECURITY: the hash signIn verifies an unknown email's password against, so sign-in costs one scrypt
 * whatever the email. It has hashPassword's cost parameters (dummy-password-hash.test.ts holds it to
 * them); the password it was made from was random and thrown away, so nothing matches it.
 */
export const DUMMY_PASSWORD_HASH =
  "scrypt$32768$8$3$FcLP2H6Xi0AeXb6lDb9fUQ$sBgbEt7eHk4W10wDlt8xAkPIeLpkWNwmEDgePkJRW0E";
