export * from "./constants";
export * from "./institutions";
export * from "./people";
export * from "./phones";
export * from "./auth";
export * from "./numbers";
export * from "./messages";
export * from "./mail";
