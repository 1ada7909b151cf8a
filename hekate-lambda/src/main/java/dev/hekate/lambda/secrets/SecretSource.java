package dev.hekate.lambda.secrets;

/** Reads a secret's current value. Implementations may do I/O; callers decide when. */
@FunctionalInterface
public interface SecretSource {

  /**
   * @param arn the secret's ARN
   * @return the secret string
   * @throws SecretUnavailableException when it cannot be read now (network, permission, no such
   *     secret); the message names neither the value nor any credential
   */
  String read(String arn) throws SecretUnavailableException;
}
