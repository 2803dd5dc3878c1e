// Your settings. Edit, then `npm run push`.

export const delivery = {
  /**
   * Send a `requestId` with each message so that Chat can drop a repeat when an answer was lost
   * and the message is sent again. Google documents requestId for Chat apps, not for incoming
   * webhooks, so it is off: turn it on only after checking that your webhooks honour it.
   */
  requestIds: false,
};
