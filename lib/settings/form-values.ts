import { z } from "zod";

/** A whole number typed into a form field: blank or not a number is "Enter a whole number." */
export const formInt = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
  z.coerce.number({ error: "Enter a whole number." }).int("Enter a whole number."),
);
