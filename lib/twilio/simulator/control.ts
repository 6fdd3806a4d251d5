/**
 * The simulated Twilio's control panel, for tests and the handset simulator: arm faults, count
 * and read what "Twilio" received, and text the app as a handset would.
 */
export { setFault, type SetFaultOptions } from "@/db/queries/sim-twilio";
export { countSimReceived as countReceived, listSimMessages, type SimMessage, type SimMessageFilter } from "@/db/queries/sim-twilio";
export { simulateInbound, type InboundText, type InboundResult, type OptOutType } from "./simulate-inbound";
