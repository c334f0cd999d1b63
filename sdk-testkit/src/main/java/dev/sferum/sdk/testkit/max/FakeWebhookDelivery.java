package dev.sferum.sdk.testkit.max;

/**
 * One attempt of the fake to deliver an update to a bot's webhook.
 *
 * @param botId the bot
 * @param marker the update's marker in the bot's queue
 * @param type the update's type
 * @param attempt the attempt number for this update, from 1 ({@code 0} for a replay the test asked for)
 * @param status the HTTP status the webhook answered, or 0 if it could not be reached
 * @param error why the attempt failed, or {@code ""}
 * @since 0.1.0
 */
public record FakeWebhookDelivery(long botId, long marker, String type, int attempt, int status, String error) {

    /** {@return whether the webhook accepted the update (HTTP 200)} */
    public boolean delivered() {
        return status == 200;
    }
}
