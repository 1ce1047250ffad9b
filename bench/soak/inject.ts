/** Applying one scheduled fault to the platform. */
import type { FaultStep } from "./schedule.js";
import type { SoakPlatform } from "./soak-platform.js";

/** Inject `fault`; it takes effect at once (closes, op 7/9, missed ACKs) or on the reconnect it triggers. */
export async function inject(platform: SoakPlatform, fault: FaultStep): Promise<void> {
  switch (fault.kind) {
    case "close":
      return platform.fault("closeAll", fault.code, "soak fault");
    case "op7":
      return platform.fault("reconnect");
    case "op9":
      return platform.fault("invalidSession", fault.resumable);
    case "zombie":
      return platform.zombie();
    case "upgrade":
      // The cached URL fails to upgrade → it is invalidated → the next attempt asks /gateway.
      await platform.fault("failUpgrade", fault.mode, fault.times);
      if (fault.gateway === "rate-limit") await platform.fault("rateLimitGateway", 1);
      else if (fault.gateway !== "none") await platform.fault("gatewayResponse", fault.gateway, 1);
      return platform.fault("closeAll", 4009, "soak: reconnect through a failing upgrade");
  }
}
