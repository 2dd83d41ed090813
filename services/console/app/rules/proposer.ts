/**
 * Whether the one signed in proposed it, as the API decides it (which then refuses their
 * approval): the same key, or another key with the same name on it (case and surrounding spaces
 * aside). The page tells them before they try.
 */
export function isProposer(
  me: { readonly keyId: string; readonly label: string } | null | undefined,
  proposedBy: { readonly keyId: string; readonly label: string },
): boolean {
  if (!me) return false;
  return me.keyId === proposedBy.keyId || nameOf(me.label) === nameOf(proposedBy.label);
}

const nameOf = (label: string) => label.trim().toLowerCase();
