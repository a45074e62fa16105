import { labelled } from "./output.js";

/**
 * The Owner user's sign-in, in a block of its own so the credentials above keep their alignment. `init`
 * prints it too, without the URL (nothing is listening there).
 */
export function consoleUserLines(
  user: { readonly email: string; readonly oneTimePassword: string; readonly consoleUrl?: string },
  indent: string,
): string[] {
  return [
    ...labelled(
      [
        ...(user.consoleUrl === undefined ? [] : [["Console", user.consoleUrl] as const]),
        ["Console email", user.email],
        ["One-time password", user.oneTimePassword],
      ],
      indent,
    ),
    `${indent}The one-time password must be changed at first sign-in.`,
  ];
}
