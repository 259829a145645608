import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LOCAL_USER } from "@/lib/auth/sieve-user";
import { SignedInUser } from "./SignedInUser";
import { expectNoInjectedMarkup, HOSTILE_TEXT } from "./testing/hostile-text";

const region = () => screen.getByRole("region", { name: "Signed-in user" });

describe("SignedInUser", () => {
  it("names the local user without sign-in, and offers no sign-out", () => {
    render(<SignedInUser user={LOCAL_USER} mayPush={true} />);
    expect(region().textContent).toBe("local user(no sign-in; may push fix branches)");
    expect(screen.queryByRole("link", { name: "Sign out" })).toBeNull();
  });

  it("offers a sign-out to a user Sieve signed in, and says when they may not push", () => {
    render(
      <SignedInUser user={{ name: "alice", email: null, groups: ["dev"], via: "oidc" }} mayPush={false} />,
    );
    expect(region().textContent).toBe("alice(signed in; may open pull-request links, not push)Sign out");
    expect(screen.getByRole("link", { name: "Sign out" }).getAttribute("href")).toBe("/auth/logout");
  });

  it("shows a proxy's user as text, however the name is written, with no sign-out of its own", () => {
    const { container } = render(
      <SignedInUser user={{ name: HOSTILE_TEXT, email: null, groups: [], via: "proxy" }} mayPush={true} />,
    );
    expect(region().textContent).toContain(HOSTILE_TEXT);
    expect(region().textContent).toContain("signed in by the proxy");
    expectNoInjectedMarkup(container);
    expect(screen.queryByRole("link", { name: "Sign out" })).toBeNull();
  });

  it("says so when nobody is signed in", () => {
    render(<SignedInUser user={null} mayPush={false} />);
    expect(region().textContent).toBe("Not signed in");
  });
});
