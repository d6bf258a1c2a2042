"""Pasar Murah e-CRM: the web shop and customer relationship software of Toko Pasar Murah Solo."""

import pymysql

# MariaDB/MySQL through the pure-Python driver: no C headers to install on a fresh machine.
pymysql.install_as_MySQLdb()
