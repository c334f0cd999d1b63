package dev.sferum.sdk.core.exception;

import dev.sferum.sdk.core.TokenKind;

import java.util.Set;

/**
 * The call was refused before any I/O because the method does not accept the kind of token supplied, for
 * example "messages.addChatUser needs a user token; a community token was supplied".
 *
 * @since 0.1.0
 */
public class WrongTokenKindException extends SferumException {
    private static final long serialVersionUID = 1L;

    private final transient Set<TokenKind> accepted;
    /** The kind of token that was supplied. */
    private final TokenKind supplied;

    /**
     * Creates the exception.
     *
     * @param method the API method
     * @param accepted the kinds the method accepts
     * @param supplied the kind that was supplied
     */
    public WrongTokenKindException(String method, Set<TokenKind> accepted, TokenKind supplied) {
        super(ErrorCategory.TOKEN, method, method + " needs " + describe(accepted) + "; " + supplied.describe() + " was supplied",
                "configure a token of the right kind for this call, or pass one with RequestOptions.token(...)", null);
        this.accepted = Set.copyOf(accepted);
        this.supplied = supplied;
    }

    private static String describe(Set<TokenKind> kinds) {
        StringBuilder sb = new StringBuilder();
        TokenKind[] all = kinds.stream().sorted().toArray(TokenKind[]::new);
        for (int i = 0; i < all.length; i++) {
            if (i > 0) {
                sb.append(i == all.length - 1 ? " or " : ", ");
            }
            sb.append(all[i].describe());
        }
        return sb.toString();
    }

    /** {@return the kinds the method accepts} */
    public Set<TokenKind> accepted() {
        return accepted;
    }

    /** {@return the kind that was supplied} */
    public TokenKind supplied() {
        return supplied;
    }
}
