import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { parseAwaitRequest } from './await.request';
import { AwaitService } from './await.service';

export type AwaitResponse = { caught_up: true } | { caught_up: false; pending: string[] };

/** Read-your-writes for the gateway: flows answers an admin write with `x-gatehouse-await` tokens, the gateway
 * posts them here and answers its client once this returns. Internal: the gateway never exposes /internal. */
@Controller('internal')
export class AwaitController {
  constructor(private readonly waits: AwaitService) {}

  /** POST /internal/await {"tokens": [...], "timeout_ms"?: 5000}: 200 {"caught_up": true} as soon as every token is
   * met, else after timeout_ms 200 {"caught_up": false, "pending": [...]}. A malformed body or token is a 400. */
  @Post('await')
  @HttpCode(200)
  async await(@Body() body: unknown): Promise<AwaitResponse> {
    const request = parseAwaitRequest(body);
    const pending = await this.waits.until(request.tokens, request.timeoutMs);
    return pending.length === 0 ? { caught_up: true } : { caught_up: false, pending: pending.map((t) => t.raw) };
  }
}
