package dev.sferum.sdk.max.testing;

import dev.sferum.sdk.chat.ChatClient;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;

import java.util.List;

/**
 * A class chat on one backend's testkit fake, with the acting account (a VK community, a MAX bot) in it as an admin,
 * a teacher who owns it, pupils in it, and a user who is not; plus what the contract suite needs to look at the fake's
 * side. One implementation per backend, so the suite is written once.
 */
public interface ClassChat extends AutoCloseable {

    /** @return the client under test, acting as the community or bot */
    ChatClient client();

    /** @return the class chat as the acting account knows it */
    PeerId chat();

    /** @return the pupils in the chat */
    List<UserId> pupils();

    /** @return a user who can be added but is not in the chat */
    UserId outsider();

    /** @return a chat that does not exist for the acting account */
    PeerId unknownChat();

    /** @return the chat's title on the fake */
    String title();

    /**
     * @param user a user
     * @return whether they are in the chat, on the fake
     */
    boolean inChat(UserId user);

    /** @return whether the acting account is in the chat, on the fake */
    boolean actorInChat();

    /** @return the acting account's messages in the chat that are not deleted for everyone, as people see them, oldest first */
    List<String> texts();

    /** @return whether a message is pinned in the chat, on the fake */
    boolean pinned();

    /** @return how many requests the fake has received so far */
    int requests();

    /** Takes the acting account's admin rights in the chat away (it stays a member). */
    void demoteActor();

    /** Stops the fake. */
    @Override
    void close();
}
