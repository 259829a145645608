import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FlowFilterBar } from "./FlowFilterBar";

describe("FlowFilterBar", () => {
  it("adds the flag and value chosen in the fields named Filter flag and Filter value", () => {
    const onAdd = vi.fn();
    render(<FlowFilterBar flags={[]} onAdd={onAdd} onRemove={() => undefined} />);
    fireEvent.change(screen.getByLabelText("Filter flag"), { target: { value: "to-port" } });
    fireEvent.change(screen.getByLabelText("Filter value"), { target: { value: " 5432 " } });
    fireEvent.click(screen.getByLabelText("--not"));
    fireEvent.click(screen.getByRole("button", { name: "Add filter" }));
    expect(onAdd).toHaveBeenCalledWith({ name: "to-port", value: "5432", not: true });
    expect((screen.getByLabelText("Filter value") as HTMLInputElement).value).toBe("");
  });

  it("removes a chip by its button", () => {
    const onRemove = vi.fn();
    const flag = { name: "namespace" as const, value: "shop" };
    render(<FlowFilterBar flags={[flag]} onAdd={() => undefined} onRemove={onRemove} />);
    fireEvent.click(screen.getByRole("button", { name: "Remove --namespace shop" }));
    expect(onRemove).toHaveBeenCalledWith(flag);
  });
});
