import "server-only";
import type { GitProvider } from "@/lib/gitops/repository-url";

// How each provider takes a token over git-over-HTTPS, as an HTTP Basic credential:
//   GitHub  x-access-token:<token>   (installation and fine-grained tokens)
//   GitLab  oauth2:<token>           (personal, project and group access tokens)
//   Gitea   <token>:x-oauth-basic    (the token as user name: no owner check, every version)

export interface BasicCredential {
  username: string;
  password: string;
}

export function defaultCredential(provider: GitProvider, token: string): BasicCredential {
  switch (provider) {
    case "github":
      return { username: "x-access-token", password: token };
    case "gitlab":
      return { username: "oauth2", password: token };
    case "gitea":
      return { username: token, password: "x-oauth-basic" };
  }
}

/** The `Authorization` header value git sends via `http.extraHeader`. */
export function authorizationHeader(credential: BasicCredential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`, "utf8").toString("base64")}`;
}
