import type { SieveUser } from "@/lib/auth/sieve-user";

interface SignedInUserProps {
  /** Null when nobody is signed in (the page gate normally sends them to sign in first). */
  user: SieveUser | null;
  /** Whether this user may push fix branches (SIEVE_PUSH_GROUP). */
  mayPush: boolean;
}

const HOW: Record<SieveUser["via"], string> = {
  none: "no sign-in",
  proxy: "signed in by the proxy",
  oidc: "signed in",
};

/** Who is using Sieve, as sign-in established it, what they may do, and the way out when Sieve signed them in. */
export function SignedInUser({ user, mayPush }: SignedInUserProps) {
  return (
    <section
      aria-label="Signed-in user"
      className="flex flex-wrap items-baseline gap-x-2 text-sm text-slate-700 sm:ml-auto dark:text-slate-300"
    >
      {user === null ? (
        <span>Not signed in</span>
      ) : (
        <>
          <span className="font-medium text-slate-900 dark:text-slate-100">{user.name}</span>
          <span>
            ({HOW[user.via]}; {mayPush ? "may push fix branches" : "may open pull-request links, not push"})
          </span>
          {user.via === "oidc" && (
            <a href="/auth/logout" className="text-blue-700 underline dark:text-blue-300">
              Sign out
            </a>
          )}
        </>
      )}
    </section>
  );
}
