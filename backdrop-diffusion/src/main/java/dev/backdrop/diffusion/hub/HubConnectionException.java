package dev.backdrop.diffusion.hub;

/** The hub could not be reached, dropped the connection for good, or answered with a server error. */
public class HubConnectionException extends HubException {

    public HubConnectionException(String message) {
        super(message);
    }

    public HubConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "hub_connection_failed";
    }
}
