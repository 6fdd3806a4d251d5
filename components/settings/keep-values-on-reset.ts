import type { FormEvent } from "react";

/**
 * A settings form's `onReset`. React 19 resets a `<form action={…}>` once its action finishes;
 * for controlled radios, checkboxes and selects that puts the DOM back to the values of the
 * first render while React's state keeps the new ones, so the form showed the page-load values
 * after Save and the next Save wrote them back (issue 15.1). The forms keep their values in
 * state, which is what was saved (or what was typed, when refused), so the reset is cancelled.
 */
export function keepValuesOnReset(event: FormEvent<HTMLFormElement>) {
  event.preventDefault();
}
